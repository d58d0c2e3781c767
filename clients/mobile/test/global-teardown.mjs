export default async function globalTeardown() {
  await globalThis.rmanSystem?.stop();
}
