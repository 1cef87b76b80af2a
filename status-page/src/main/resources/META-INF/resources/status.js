// Live updates for the server-rendered page: the stream says "something changed", and the page fetches
// the same template's "live" fragment from the server. One rendering path (Qute), no client-side copy.
// If the stream drops, the page keeps what it has and says how old it is; EventSource reconnects by itself.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var connection = document.getElementById("connection");
  var lastProbe = null;
  var fetching = false;
  var again = false;

  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    fetch("/page/live", { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (html) { live.innerHTML = html; })
      .catch(function () { showStale("Status page cannot reach its own API"); })
      .then(function () {
        fetching = false;
        if (again) { again = false; refresh(); }
      });
  }

  function showStale(why) {
    var shown = document.getElementById("last-probe");
    var asOf = shown ? shown.textContent : "unknown";
    connection.textContent = why + " — showing data as of the last probe round, " + asOf + ".";
    connection.hidden = false;
    document.body.classList.add("stale");
  }

  function showLive() {
    connection.hidden = true;
    document.body.classList.remove("stale");
  }

  if (!("EventSource" in window)) {
    setInterval(refresh, 5000);
    return;
  }
  var stream = new EventSource("/api/stream");
  stream.addEventListener("summary", function () { showLive(); refresh(); });
  stream.addEventListener("probe", function (e) {
    showLive();
    try { lastProbe = JSON.parse(e.data).last_probe_at; } catch (ignored) { return; }
    var shown = document.getElementById("last-probe");
    if (shown && lastProbe) {
      shown.setAttribute("datetime", lastProbe);
      shown.textContent = lastProbe.replace("T", " ").replace(/\.\d+Z$/, " UTC");
    }
  });
  stream.onerror = function () { showStale("Live updates interrupted"); };
})();
