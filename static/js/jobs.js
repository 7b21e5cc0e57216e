// A job's page (templates/jobs/show.html): poll its JSON and move the progress bar; reload once it ends,
// so the page shows the result. Without JavaScript the page refreshes itself instead (<noscript> meta).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-job-percent]");
  var message = box.querySelector("[data-job-message]");
  var state = box.querySelector("[data-job-state]");
  var lastState = null;

  function poll() {
    fetch(box.getAttribute("data-job-status"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (job) {
        bar.value = job.progress;
        bar.textContent = job.progress + " %";
        percent.textContent = job.progress + " %";
        if (job.message && message.textContent !== job.message) { message.textContent = job.message; }
        if (lastState !== null && lastState !== job.state && !job.finished) { state.textContent = job.state; }
        lastState = job.state;
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
