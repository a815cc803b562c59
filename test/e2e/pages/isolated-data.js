// The script tag a CMS would paste, with `data-mode="isolated"`; written by this file only
// because the receiving server's port (`?endpoint=`) is known at run time.
const script = document.createElement('script');
script.type = 'module';
script.src = '/dist/cdn/second-opinion-intake.js';
script.dataset.mount = '#widget';
script.dataset.mode = 'isolated';
script.dataset.endpoint = new URLSearchParams(location.search).get('endpoint');
script.dataset.organization = 'Example Second Opinion Service';
document.head.append(script);
