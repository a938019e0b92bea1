/*! credcat badge page — badge.js
 *
 * The copy buttons of a badge page (templates/badge.html): a <button data-copy-from="ID">
 * copies the value of the input or textarea #ID. Buttons stay hidden without the Clipboard
 * API; the link and the embed HTML are in readonly fields anyone can select by hand.
 * Plain ES2020, no dependencies, nothing sent anywhere.
 */
(function () {
  'use strict';

  function init() {
    var status = document.querySelector('.badge-share .copy-status');
    var buttons = document.querySelectorAll('button[data-copy-from]');
    var canCopy = !!(navigator.clipboard && window.isSecureContext);
    buttons.forEach(function (button) {
      var field = document.getElementById(button.dataset.copyFrom);
      if (!field) return;
      button.hidden = !canCopy;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.dataset.copyFrom === 'share-url' ? 'Link copied.' : 'HTML copied.';
        }, function () {
          field.select();
          if (status) status.textContent = 'Could not copy: the text is selected, copy it with your keyboard.';
        });
      });
    });
    // A click in a readonly field selects all of it, ready to copy by hand.
    document.querySelectorAll('.badge-share input[readonly], .badge-share textarea[readonly]').forEach(function (f) {
      f.addEventListener('focus', function () { f.select(); });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
