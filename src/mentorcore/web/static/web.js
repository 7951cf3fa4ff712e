// mentorcore's pages work without this file; it only adds small comforts.
document.addEventListener("focusin", function (event) {
  // the calendar link: selected whole on focus, ready to copy
  if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});
