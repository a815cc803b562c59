/**
 * custom-elements.json for editors and documentation tools (`npm run build` writes it to dist/).
 *
 * The form controls' base class is analysed too, so that their inherited `name`, `required`,
 * `disabled`, `value`… appear in the manifest.
 */
const ELEMENT_MODULE = /^src\/(?:elements|inbox)\/(second-opinion-[a-z-]+)\.ts$/;

/**
 * The classes carry no `@customElement` (src/define.ts registers all tags in one loop, which the
 * analyzer cannot follow), and each file is named after its tag: take the tag from the file name.
 */
function tagNamesFromFileNames() {
  return {
    name: 'second-opinion:tag-names-from-file-names',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const tagName = ELEMENT_MODULE.exec(module.path)?.[1];
        if (!tagName) continue;
        const element = module.declarations?.find(
          (declaration) => declaration.kind === 'class' && !declaration.tagName,
        );
        if (!element) continue;
        element.tagName = tagName;
        element.customElement = true;
        module.exports = [
          ...(module.exports ?? []),
          {
            kind: 'custom-element-definition',
            name: tagName,
            declaration: { name: element.name, module: module.path },
          },
        ];
      }
    },
  };
}

export default {
  globs: [
    'src/elements/second-opinion-*.ts',
    'src/elements/shared/form-control.ts',
    'src/inbox/second-opinion-inbox.ts',
  ],
  exclude: ['src/elements/*.styles.ts', 'src/inbox/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json already names the manifest; the build must not rewrite it.
  packagejson: false,
  plugins: [tagNamesFromFileNames()],
};
