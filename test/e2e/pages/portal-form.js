// The engine fires `submit` only when every control is valid, the widget's included; the page
// shows what the form received instead of leaving.
const form = document.querySelector('#referral');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const received = document.querySelector('#received');
  received.textContent = JSON.stringify(Object.fromEntries(new FormData(form)));
  received.hidden = false;
});
