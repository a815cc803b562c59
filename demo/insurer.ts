/**
 * The insurer's own configuration of the widget: what cannot be written as an attribute.
 * Partner institutions are configuration, not content of the widget (the FAQ: "only contact an
 * organization that collaborates with leading global medical institutions").
 */
export const partners = [
  'University Hospital Example',
  'Example Heart Centre',
  'National Cancer Institute of Exampleland',
  'St. Example Children’s Hospital',
];

await customElements.whenDefined('second-opinion-intake');
for (const intake of document.querySelectorAll('second-opinion-intake')) {
  intake.partners = partners;
}
