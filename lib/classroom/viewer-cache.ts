import "server-only";
// The per-viewer memory shared by the course, invitation and profile caches: one
// slot per viewer, never shared across users, at most `maxViewers` of them (the least recently
// used goes first). Kept on globalThis under a registered symbol so that dev reloads and
// duplicated module instances still see one cache.

export interface ViewerCache<T> {
  /** The viewer's slot, created if needed, and marked most recently used. */
  for(viewerId: string): T;
  /** The viewer's slot if there is one; does not create it or change the LRU order. */
  peek(viewerId: string): T | undefined;
  /** Drops one viewer's slot, or everyone's. */
  clear(viewerId?: string): void;
}

export function viewerCache<T>(name: string, maxViewers: number, create: () => T): ViewerCache<T> {
  const key = Symbol.for(`classroom-invitations.${name}`);
  const holder = globalThis as { [key]?: Map<string, T> };
  return {
    for(viewerId) {
      const all = (holder[key] ??= new Map());
      let mine = all.get(viewerId);
      if (mine !== undefined)
        all.delete(viewerId); // re-inserted below: LRU order
      else {
        if (all.size >= maxViewers) all.delete(all.keys().next().value!);
        mine = create();
      }
      all.set(viewerId, mine);
      return mine;
    },
    peek: (viewerId) => holder[key]?.get(viewerId),
    clear(viewerId) {
      if (viewerId) holder[key]?.delete(viewerId);
      else holder[key]?.clear();
    },
  };
}
