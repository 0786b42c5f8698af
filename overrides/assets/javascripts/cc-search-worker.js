/*
 * Clystyrau Cymru: Material's own search worker, taught Welsh mutations.
 *
 * overrides/main.html names this file as Material's search worker, with the
 * path of Material's worker (relative to this file) in ?worker=. This wrapper
 * loads that worker unchanged and adds two things, only when the index it is
 * given carries a mutation table (hooks/search_split.py puts one in the Welsh
 * index only; the English search is untouched):
 *
 * 1. Each word searched for also matches its mutated and radical forms: a
 *    search for "bwrdd" finds "fwrdd" and "mwrdd", one for "nghlwstwr" finds
 *    "clwstwr". This happens inside lunr, one query clause per typed word, so
 *    Material's wildcards and + / - modifiers keep their meaning ("+fwrdd"
 *    requires one of the forms). A word typed with two capitals is an acronym
 *    and is searched as typed ("MHRA" is not a mutated "PRA").
 * 2. Material counts a typed word as found only when an indexed word starts
 *    with it literally; the result message is corrected so that a page holding
 *    only "bwrdd" is not shown with "fwrdd" struck out as missing, and its
 *    score gets the same boost Material gives a full match.
 *
 * The rules are data (clystyrau.mutations.table(), in the index config as
 * "welsh_mutations"); this file only applies them, as
 * src/clystyrau/model/mutations.py does (radicals, mutations, variants).
 */
(function () {
  "use strict"

  var worker = new URLSearchParams(self.location.search).get("worker") || ""
  if (!/^workers\/search\.[0-9a-f]+\.min\.js$/.test(worker))
    throw new Error("cc-search-worker: ?worker= must name Material's search worker, got " + worker)

  var SETUP = 0, QUERY = 2, RESULT = 3  // Material's SearchMessageType values
  var separator = /[\s\-]+/
  var rules = null                    // the compiled mutation table, when the index has one
  var matched = new Map()             // location -> index terms it matched, for the last query
  var verbatim = new Set()            // words of the query being answered typed as acronyms ("MHRA")

  function compile(table) {
    if (!table) return null
    return {
      radicals: table.radicals.map(function (r) { return [new RegExp(r[0]), r[1]] }),
      mutations: table.mutations.map(function (r) { return [new RegExp(r[0]), r[1]] }),
      min: table.min_length,
      acronym: new RegExp(table.acronym)
    }
  }

  function apply(word, pairs, out) {
    pairs.forEach(function (pair) {
      var replacements = Array.isArray(pair[1]) ? pair[1] : [pair[1]]
      if (pair[0].test(word))
        replacements.forEach(function (replacement) { out.add(word.replace(pair[0], replacement)) })
    })
    return out
  }

  /* Every form a search for `word` (lower case) should find; [word] if it is too short. */
  function variants(word) {
    if (!rules || word.length < rules.min || verbatim.has(word)) return [word]
    var found = new Set()
    apply(word, rules.radicals, new Set([word])).forEach(function (radical) {
      if (!radical) return
      found.add(radical)
      apply(radical, rules.mutations, found)
    })
    return Array.from(found).filter(function (form) { return form.length >= rules.min })
  }

  /* Union of lunr token sets (tries; a trailing wildcard is a self-loop), sharing subtrees. */
  function union(lunr, a, b, memo) {
    var key = a.id + ":" + b.id
    if (a === b) return a
    if (memo.has(key)) return memo.get(key)
    var node = new lunr.TokenSet()
    memo.set(key, node)
    node.final = a.final || b.final
    Object.keys(a.edges).forEach(function (edge) {
      node.edges[edge] = edge in b.edges ? union(lunr, a.edges[edge], b.edges[edge], memo) : a.edges[edge]
    })
    Object.keys(b.edges).forEach(function (edge) {
      if (!(edge in node.edges)) node.edges[edge] = b.edges[edge]
    })
    return node
  }

  /* Correct Material's found / missing words, and the score that depends on them. */
  function correct(result) {
    var moved = false
    result.items.forEach(function (group) {
      group.forEach(function (item) {
        var terms = matched.get(item.location)
        if (!terms || !item.terms) return
        var words = Object.keys(item.terms)
        var before = words.filter(function (word) { return item.terms[word] }).length
        var forms = []
        words.forEach(function (word) {
          var hits = terms.filter(function (term) {
            return variants(word).some(function (form) { return term.indexOf(form) === 0 })
          })
          if (hits.length) item.terms[word] = true
          forms = forms.concat(hits)
        })
        var after = words.filter(function (word) { return item.terms[word] }).length
        forms.forEach(function (form) { item.terms[form] = true })  // highlighted on the page opened
        if (after !== before && item.score > 0) {
          var article = item.parent ? 0 : 1
          var old = article + before / words.length, now = article + after / words.length
          item.score = item.score * (1 + now * now) / (1 + old * old)
          moved = true
        }
      })
    })
    if (moved) {
      result.items.forEach(function (group) { group.sort(function (x, y) { return y.score - x.score }) })
      result.items.sort(function (x, y) { return y[0].score - x[0].score })
    }
  }

  /* Read the table, and the acronyms of each query, before Material's own listener
     (registered by importScripts) runs. */
  self.addEventListener("message", function (event) {
    if (event.data && event.data.type === SETUP) {
      rules = compile(event.data.data.config.welsh_mutations)
      separator = new RegExp(event.data.data.config.separator)
    }
    if (rules && event.data && event.data.type === QUERY && typeof event.data.data === "string") {
      verbatim = new Set()
      event.data.data.split(/\s+/).forEach(function (part) {
        part.split(separator).forEach(function (word) {
          word = word.replace(/^[+\-~^"*:]+|[*~^\d":]+$/g, "")
          if (rules.acronym.test(word)) verbatim.add(word.toLowerCase())
        })
      })
    }
  })

  var post = self.postMessage.bind(self)
  self.postMessage = function (message) {
    if (rules && message && message.type === RESULT && message.data && message.data.items)
      correct(message.data)
    post(message)
  }

  importScripts(worker)

  var lunr = self.lunr
  var fromClause = lunr.TokenSet.fromClause
  lunr.TokenSet.fromClause = function (clause) {
    var parts = /^([^*]+)(\**)$/.exec(clause.term)
    if (!rules || "editDistance" in clause || !parts)
      return fromClause.call(this, clause)
    var forms = variants(parts[1])
    if (forms.length < 2)
      return fromClause.call(this, clause)
    var memo = new Map()
    return forms
      .map(function (form) { return lunr.TokenSet.fromString(form + parts[2]) })
      .reduce(function (a, b) { return union(lunr, a, b, memo) })
  }

  var search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (query) {
    var results = search.call(this, query)
    matched = new Map(results.map(function (r) { return [r.ref, Object.keys(r.matchData.metadata)] }))
    return results
  }
})()
