const selector = 'second-opinion-intake [part="continue"]';
console.log(selector.trim().split(/\s+(?![^[]*\])/));
