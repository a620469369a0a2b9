/* Korean queries for the site's search: the reader's words cut into syllable bigrams.
 *
 * The search index cuts every run of Hangul into overlapping two-syllable pieces
 * (overrides/assets/javascripts/lunr/min/lunr.ko.min.js), so that a word with a
 * particle (경사하강법이) or without its space (손실함수) still meets the page's words.
 * Material sends the query to its search worker as typed and matches each word as a
 * prefix; this cuts the query's Hangul the same way just before it is sent, after
 * dropping a particle the reader typed at the end of a word: 경사하강법이 -> 경사하강법 ->
 * 경사 사하 하강 강법. A query without Hangul is sent unchanged.
 */
(function () {
  "use strict";
  if (window.gdKoreanSearch) return;
  window.gdKoreanSearch = true;

  var QUERY = 2; // Material's SearchMessageType.QUERY
  var RUNS = /[\uac00-\ud7a3]+|[^\uac00-\ud7a3\s]+/g;
  // Particles a reader types after a word; the page may write the word with another one.
  var PARTICLE = /(?:에서|에게|으로|까지|부터|이|가|을|를|은|는|의|에|로|와|과|도|만)$/;

  function stem(run) {
    var bare = run.replace(PARTICLE, "");
    return bare.length >= 2 ? bare : run;
  }

  function bigrams(query) {
    return query.split(/\s+/).map(function (word) {
      return (word.match(RUNS) || []).map(function (run) {
        if (!/^[\uac00-\ud7a3]{2,}$/.test(run)) return run;
        run = stem(run);
        var pairs = [];
        for (var i = 0; i + 2 <= run.length; i++) pairs.push(run.slice(i, i + 2));
        return pairs.join(" ");
      }).join(" ");
    }).join(" ").trim();
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string"
        && /[\uac00-\ud7a3]/.test(message.data)) {
      arguments[0] = Object.assign({}, message, { data: bigrams(message.data) });
    }
    return post.apply(this, arguments);
  };
  window.gdKoreanSearchQuery = bigrams; // for the tests
})();
