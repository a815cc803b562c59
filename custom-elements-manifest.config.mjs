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

/**
 * The manifest is the public API: members that are private, protected, `_`/`#`-named or
 * internal plumbing (`localeController`) are dropped, and so is an event the analyzer saw
 * dispatched without being able to name it (the `@fires` tag names it).
 */
const INTERNAL_MEMBERS = new Set(['localeController']);
function publicApiOnly() {
  const isPublic = (member) =>
    member.privacy !== 'private' &&
    member.privacy !== 'protected' &&
    !/^[_#]/.test(member.name) &&
    !INTERNAL_MEMBERS.has(member.name);
  return {
    name: 'second-opinion:public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter(isPublic);
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
        }
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
  plugins: [tagNamesFromFileNames(), publicApiOnly()],
};
