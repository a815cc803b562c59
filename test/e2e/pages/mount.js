// A page that prefers code: the script tag's global API, once the script has run.
const api = window.SecondOpinionIntake;
window.mounted = api.mount('#intake-container', {
  endpoint: '/api/second-opinion',
  serviceCountry: 'DE',
  organization: 'Example Second Opinion Service',
  'privacy-url': '/pages/privacy.html',
  'show-language-switcher': true,
  partners: ['University Hospital Example', 'Example Heart Centre'],
  theme: 'dark',
});
