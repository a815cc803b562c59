// Embeds the frame page (`?frame=`) on an origin its server does not list; records what comes
// out of it and when the iframe has loaded (whatever it shows).
window.received = [];
window.frameLoaded = false;
window.addEventListener('message', (event) => window.received.push(event.data));
document.addEventListener('DOMContentLoaded', () => {
  const frame = document.querySelector('#frame');
  frame.addEventListener('load', () => {
    window.frameLoaded = true;
  });
  frame.src = new URLSearchParams(location.search).get('frame');
});
