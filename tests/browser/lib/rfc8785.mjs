// Samples from RFC 8785 (JSON Canonicalization Scheme), used against both the page's JCS
// (in Chromium) and the fixture generator's JCS (in Node).

/** [input JSON text, expected canonical text] — §3.2.2 / §3.2.3 and edge cases. */
export const TEXT_CASES = [
  // §3.2.2 "Serialization of Primitive Data Types" example (input written as JSON text).
  [
    String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  ],
  // §3.2.3 "Sorting of Object Properties" example: UTF-16 code-unit order.
  [
    String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`,
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  ],
  // Nesting, empty containers, whitespace, control characters.
  [
    '{ "b": [ {}, [], {"z":1,"a":[2, {"y":null,"x":true}]} ], "a": "\\u0000\\u001f\\b\\t\\n\\f\\r\\u007f" }',
    '{"a":"\\u0000\\u001f\\b\\t\\n\\f\\r\u007f","b":[{},[],{"a":[2,{"x":true,"y":null}],"z":1}]}',
  ],
  // Astral-plane key vs BMP key above the surrogates: UTF-16 order puts the emoji first.
  ['{"\uffff":1,"\ud83d\ude00":2,"\ue000":3}', '{"😀":2,"\ue000":3,"\uffff":1}'],
];

/** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialization. */
export const NUMBER_CASES = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

/** Bit patterns that must be rejected (NaN, ±Infinity). */
export const BAD_NUMBERS = ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'];

export function hexToDouble(hex) {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}
