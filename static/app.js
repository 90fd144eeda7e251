// Progressive enhancement for every page (the pages work without it):
// 1. After a rejected form (422) the error summary takes the focus, so keyboard and
//    screen-reader users land on the list of problems.
// 2. The fields a status form needs only for Ampel Gelb or Rot (cause, options,
//    "decision needed by") are shown when one of those is chosen; without JavaScript they
//    stay visible with a hint.
(function () {
  'use strict';

  var summary = document.querySelector('.error-summary[tabindex="-1"]');
  if (summary) { summary.focus(); }

  function ampelValue(form) {
    var checked = form.querySelector('input[type="radio"][name="ampel"]:checked');
    if (checked) { return checked.value; }
    var select = form.querySelector('select[name="ampel"]');
    return select ? select.value : '';
  }

  var sets = document.querySelectorAll('fieldset.ampel-discipline');
  Array.prototype.forEach.call(sets, function (set) {
    var form = set.closest('form');
    if (!form || !form.querySelector('[name="ampel"]')) { return; }
    var hint = set.querySelector('.no-js-hint');
    if (hint) { hint.hidden = true; }
    function update() {
      var needed = ampelValue(form) !== 'gruen';
      // keep the fields visible while one of them shows an error
      set.hidden = !needed && !set.querySelector('[aria-invalid="true"]');
    }
    form.addEventListener('change', function (e) {
      if (e.target && e.target.name === 'ampel') { update(); }
    });
    update();
  });
}());
