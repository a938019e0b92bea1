//! Checks a theme's templates before anything renders, for the two ways a template can recurse
//! without end. Tera has no depth limit: an endless recursion overflows the stack, and a stack
//! overflow aborts the whole process (no error, no message, the dev server gone).
//!
//! - `include`, `extends` and `import` form a graph of templates; any cycle in it recurses for
//!   ever (a template that includes itself, two that include each other, a base that includes
//!   a page extending it). A cycle is an error naming the file and line that closes it.
//! - A macro may call itself (the default theme draws a competency tree that way), but only
//!   where the recursion walks down the data: the recursive call sits in a `for` loop over one
//!   of the macro's own arguments (or a loop nested in such a loop), and passes that loop's
//!   variable (or a field of it) as an argument, unfiltered. Each call then gets a strictly
//!   smaller part of a finite value, so the recursion ends. Any other recursion is refused.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Template;

pub fn check(tera: &Tera, templates: &BTreeMap<String, Template>) -> Result<(), Box<Diagnostic>> {
    template_cycles(tera, templates)?;
    macro_recursion(tera, templates)
}

/// The template names a template pulls in, in the order they appear.
fn references(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Extends(_, name) => out.push(name.clone()),
            Node::Include(_, names, _) => out.extend(names.iter().cloned()),
            Node::ImportMacro(_, file, _) => out.push(file.clone()),
            _ => {}
        }
        for body in bodies(node) {
            references(body, out);
        }
    }
}

/// The nested bodies of a node.
fn bodies(node: &Node) -> Vec<&[Node]> {
    match node {
        Node::MacroDefinition(_, m, _) => vec![&m.body],
        Node::FilterSection(_, f, _) => vec![&f.body],
        Node::Block(_, b, _) => vec![&b.body],
        Node::Forloop(_, f, _) => {
            let mut v: Vec<&[Node]> = vec![&f.body];
            if let Some(e) = &f.empty_body {
                v.push(e);
            }
            v
        }
        Node::If(i, _) => {
            let mut v: Vec<&[Node]> = i.conditions.iter().map(|(_, _, b)| &b[..]).collect();
            if let Some((_, b)) = &i.otherwise {
                v.push(b);
            }
            v
        }
        _ => vec![],
    }
}

fn template_cycles(
    tera: &Tera,
    templates: &BTreeMap<String, Template>,
) -> Result<(), Box<Diagnostic>> {
    let mut graph: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        let mut refs = Vec::new();
        references(&t.ast, &mut refs);
        graph.insert(name.as_str(), refs);
    }
    // Depth-first search with colours; the path on the stack is the cycle when a grey node
    // is met again.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        Grey,
        Black,
    }
    fn visit<'a>(
        name: &'a str,
        graph: &'a BTreeMap<&'a str, Vec<String>>,
        colour: &mut HashMap<&'a str, Colour>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match colour.get(name) {
            Some(Colour::Black) => return None,
            Some(Colour::Grey) => {
                let start = path.iter().position(|n| *n == name).unwrap_or(0);
                let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
                cycle.push(name.to_string());
                return Some(cycle);
            }
            None => {}
        }
        colour.insert(name, Colour::Grey);
        path.push(name);
        for next in graph.get(name).into_iter().flatten() {
            // A missing template is Tera's own error, at render or load.
            if let Some((key, _)) = graph.get_key_value(next.as_str()) {
                if let Some(c) = visit(key, graph, colour, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        colour.insert(name, Colour::Black);
        None
    }
    let mut colour = HashMap::new();
    for name in graph.keys() {
        if let Some(cycle) = visit(name, &graph, &mut colour, &mut Vec::new()) {
            let (from, to) = (&cycle[cycle.len() - 2], &cycle[cycle.len() - 1]);
            let (file, span) = locate(templates, from, |line| line.contains(to.as_str()));
            return Err(Box::new(Diagnostic::new(
                file,
                span,
                Problem::Invalid {
                    message: format!(
                        "templates include each other in a circle: {}",
                        cycle.join(" → ")
                    ),
                    help: "a template cannot include, extend or import itself, directly or through others: remove one link of the circle".into(),
                },
            )));
        }
    }
    Ok(())
}

/// The file a template came from and the span of the first line that `is_it` picks.
fn locate(
    templates: &BTreeMap<String, Template>,
    name: &str,
    is_it: impl Fn(&str) -> bool,
) -> (PathBuf, Option<std::ops::Range<usize>>) {
    let Some(t) = templates.get(name) else {
        return (PathBuf::from("templates").join(name), None);
    };
    let mut offset = 0;
    for line in t.text.split_inclusive('\n') {
        if line.contains("{%") && is_it(line) {
            return (
                t.origin.clone(),
                Some(offset..offset + line.trim_end().len()),
            );
        }
        offset += line.len();
    }
    (t.origin.clone(), None)
}

/// A macro, by the template that defines it and its name.
type MacroKey = (String, String);

/// A macro call found in a macro's body, and whether it walks down the data.
struct Call {
    callee: MacroKey,
    descends: bool,
}

fn macro_recursion(
    tera: &Tera,
    templates: &BTreeMap<String, Template>,
) -> Result<(), Box<Diagnostic>> {
    let mut calls: BTreeMap<MacroKey, Vec<Call>> = BTreeMap::new();
    for (file, t) in &tera.templates {
        let namespaces: HashMap<&str, &str> = t
            .imported_macro_files
            .iter()
            .map(|(f, ns)| (ns.as_str(), f.as_str()))
            .collect();
        for (name, def) in &t.macros {
            let mut scope = Scope {
                params: def.args.keys().cloned().collect(),
                descending: Vec::new(),
                walked: Vec::new(),
            };
            let mut found = Vec::new();
            walk_nodes(&def.body, &mut scope, &mut found);
            let resolved = found
                .into_iter()
                .filter_map(|(ns, callee, descends)| {
                    let callee_file = if ns == "self" {
                        file.as_str()
                    } else {
                        namespaces.get(ns.as_str()).copied()?
                    };
                    Some(Call {
                        callee: (callee_file.to_string(), callee),
                        descends,
                    })
                })
                .collect();
            calls.insert((file.clone(), name.clone()), resolved);
        }
    }
    // A call closes a recursion when its callee can reach its caller.
    for (caller, list) in &calls {
        for call in list {
            if !call.descends && reaches(&calls, &call.callee, caller) {
                let (file, span) = locate(templates, &caller.0, |line| {
                    line.contains(&format!("::{}(", call.callee.1))
                });
                return Err(Box::new(Diagnostic::new(
                    file,
                    span,
                    Problem::Invalid {
                        message: format!(
                            "macro `{}` calls `{}` again in a way that may never end",
                            caller.1, call.callee.1
                        ),
                        help: "a macro may call itself only inside a `for` loop over one of its own arguments, passing the loop variable (or a field of it), so each call gets a smaller part of the data; e.g. {% for c in items %}{{ self::tree(items=c.children) }}{% endfor %}".into(),
                    },
                )));
            }
        }
    }
    Ok(())
}

/// Whether `to` can be reached from `from` through calls.
fn reaches(calls: &BTreeMap<MacroKey, Vec<Call>>, from: &MacroKey, to: &MacroKey) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.clone()];
    while let Some(m) = stack.pop() {
        if &m == to {
            return true;
        }
        if seen.insert(m.clone()) {
            for c in calls.get(&m).into_iter().flatten() {
                stack.push(c.callee.clone());
            }
        }
    }
    false
}

/// What is in scope where a call is found: the macro's parameters, the variables of the
/// enclosing loops that walk down one of them, and the parameters those loops walk.
struct Scope {
    params: BTreeSet<String>,
    descending: Vec<String>,
    walked: Vec<String>,
}

/// `c` of `c.children[0].name`.
fn root(ident: &str) -> &str {
    ident.split(['.', '[']).next().unwrap_or("")
}

impl Scope {
    fn is_descending(&self, ident: &str) -> bool {
        self.descending.iter().any(|d| d == root(ident))
    }
    /// The parameter a loop over `container` walks, or "" for a loop variable, if the loop
    /// walks down the data at all.
    fn walks_down(&self, container: &Expr) -> Option<String> {
        match &container.val {
            ExprVal::Ident(id) if container.filters.is_empty() => {
                if self.is_descending(id) {
                    Some(String::new())
                } else if self.params.contains(root(id)) {
                    Some(root(id).to_string())
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// Collects (namespace, macro, descends) for every macro call in `nodes`.
fn walk_nodes(nodes: &[Node], scope: &mut Scope, out: &mut Vec<(String, String, bool)>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => walk_expr(e, scope, out),
            Node::Set(_, s) => walk_expr(&s.value, scope, out),
            Node::FilterSection(_, f, _) => {
                for e in f.filter.args.values() {
                    walk_expr(e, scope, out);
                }
                walk_nodes(&f.body, scope, out);
            }
            Node::Forloop(_, f, _) => {
                walk_expr(&f.container, scope, out);
                let walked = scope.walks_down(&f.container);
                if let Some(param) = &walked {
                    scope.descending.push(f.value.clone());
                    scope.walked.push(param.clone());
                }
                walk_nodes(&f.body, scope, out);
                if walked.is_some() {
                    scope.descending.pop();
                    scope.walked.pop();
                }
                if let Some(e) = &f.empty_body {
                    walk_nodes(e, scope, out);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    walk_expr(cond, scope, out);
                    walk_nodes(body, scope, out);
                }
                if let Some((_, b)) = &i.otherwise {
                    walk_nodes(b, scope, out);
                }
            }
            Node::Block(_, b, _) => walk_nodes(&b.body, scope, out),
            _ => {}
        }
    }
}

fn walk_expr(e: &Expr, scope: &Scope, out: &mut Vec<(String, String, bool)>) {
    for f in &e.filters {
        for a in f.args.values() {
            walk_expr(a, scope, out);
        }
    }
    match &e.val {
        ExprVal::MacroCall(m) => {
            let passes_down = m.args.values().any(|a| match &a.val {
                ExprVal::Ident(id) if a.filters.is_empty() => scope.is_descending(id),
                _ => false,
            });
            // The data a loop walks, handed over again as it is, makes the same call again.
            let passes_same = m.args.values().any(|a| match &a.val {
                ExprVal::Ident(id) => scope.walked.iter().any(|w| w == root(id)),
                _ => false,
            });
            out.push((
                m.namespace.clone(),
                m.name.clone(),
                passes_down && !passes_same && !scope.descending.is_empty(),
            ));
            for a in m.args.values() {
                walk_expr(a, scope, out);
            }
        }
        ExprVal::Math(m) => {
            walk_expr(&m.lhs, scope, out);
            walk_expr(&m.rhs, scope, out);
        }
        ExprVal::Logic(l) => {
            walk_expr(&l.lhs, scope, out);
            walk_expr(&l.rhs, scope, out);
        }
        ExprVal::In(i) => {
            walk_expr(&i.lhs, scope, out);
            walk_expr(&i.rhs, scope, out);
        }
        ExprVal::Test(t) => {
            for a in &t.args {
                walk_expr(a, scope, out);
            }
        }
        ExprVal::FunctionCall(f) => {
            for a in f.args.values() {
                walk_expr(a, scope, out);
            }
        }
        ExprVal::Array(items) => {
            for a in items {
                walk_expr(a, scope, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(files: &[(&str, &str)]) -> Result<(), Box<Diagnostic>> {
        let templates: BTreeMap<String, Template> = files
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    Template {
                        origin: PathBuf::from("templates").join(n),
                        text: t.to_string(),
                    },
                )
            })
            .collect();
        super::super::build(&templates).map(|_| ())
    }

    fn message(r: Result<(), Box<Diagnostic>>) -> String {
        r.unwrap_err().problem.to_string()
    }

    #[test]
    fn include_cycles_are_refused_with_their_line() {
        let r = guard(&[("a.html", "x\n{% include \"a.html\" %}")]);
        let d = r.unwrap_err();
        assert!(d.problem.to_string().contains("a.html → a.html"));
        assert_eq!(d.file, PathBuf::from("templates/a.html"));
        assert_eq!(d.span, Some(2..24));
        assert!(message(guard(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include \"a.html\" %}"),
        ]))
        .contains("circle"));
        assert!(message(guard(&[
            (
                "base.html",
                "{% block x %}{% endblock x %}{% include \"page.html\" %}"
            ),
            ("page.html", "{% extends \"base.html\" %}"),
        ]))
        .contains("circle"));
    }

    #[test]
    fn recursion_that_walks_down_the_data_is_allowed() {
        let tree = "{% macro tree(items) %}{% for c in items %}{{ c.name }}{% if c.children %}{{ self::tree(items=c.children) }}{% endif %}{% endfor %}{% endmacro tree %}";
        assert!(guard(&[("m.html", tree)]).is_ok());
        assert!(guard(&[(
            "m.html",
            "{% macro t(items, depth) %}{% for c in items %}{% for k in c.children %}{{ self::t(items=k.children, depth=depth + 1) }}{% endfor %}{% endfor %}{% endmacro t %}"
        )])
        .is_ok());
        assert!(guard(&[(
            "m.html",
            "{% macro t(items, label) %}{% for c in items %}{{ self::t(items=c.children, label=label) }}{% endfor %}{% endmacro t %}"
        )])
        .is_ok());
    }

    #[test]
    fn other_recursion_is_refused() {
        for body in [
            "{% macro r() %}{{ self::r() }}{% endmacro r %}",
            "{% macro r(items) %}{% for c in items %}{{ self::r(items=items) }}{% endfor %}{% endmacro r %}",
            "{% macro r(items) %}{{ self::r(items=items.children) }}{% endmacro r %}",
            "{% macro r(n) %}{% for i in range(end=n) %}{{ self::r(n=i) }}{% endfor %}{% endmacro r %}",
            "{% macro r(items) %}{% for c in items %}{{ self::r(items=c | reverse) }}{% endfor %}{% endmacro r %}",
            "{% macro r(a, b) %}{% for c in a %}{{ self::r(a=a, b=c) }}{% endfor %}{% endmacro r %}",
            "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}",
        ] {
            assert!(message(guard(&[("m.html", body)])).contains("may never end"), "{body}");
        }
    }

    #[test]
    fn recursion_through_imports_is_refused() {
        let r = guard(&[
            (
                "a.html",
                "{% import \"b.html\" as b %}{% macro x() %}{{ b::y() }}{% endmacro x %}",
            ),
            (
                "b.html",
                "{% import \"a.html\" as a %}{% macro y() %}{{ a::x() }}{% endmacro y %}",
            ),
        ]);
        assert!(r.is_err());
    }
}
