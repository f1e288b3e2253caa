/** One instance per process, surviving module reloads in development. */
export function singleton<Value>(name: string, create: () => Value): Value {
  const registry = globalThis as unknown as { __debriefSingletons?: Map<string, unknown> };
  registry.__debriefSingletons ??= new Map();
  if (!registry.__debriefSingletons.has(name)) registry.__debriefSingletons.set(name, create());
  return registry.__debriefSingletons.get(name) as Value;
}
