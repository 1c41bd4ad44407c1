/** The deployment's municipalities (no tenant of their own: they are the tenants). */
import type { MunicipalityStore } from "../../ports/store/municipalities";
import type { DbAccess } from "../db";

export function municipalityStore({ reader: r, write: w }: DbAccess): MunicipalityStore {
  const pick = { slug: true, config: true, createdAt: true, updatedAt: true } as const;
  return {
    list: () => r.municipality.findMany({ select: pick, orderBy: { slug: "asc" } }),
    get: (slug) => r.municipality.findUnique({ where: { slug }, select: pick }),
    save: async (slug, config) =>
      w(async (d) => {
        const had = await d.municipality.findUnique({ where: { slug }, select: { slug: true } });
        await d.municipality.upsert({ where: { slug }, create: { slug, config }, update: { config } });
        return !had;
      }),
    setIntakeToken: async (slug, intakeTokenHash) => {
      await w((d) => d.municipality.update({ where: { slug }, data: { intakeTokenHash } }));
    },
    byIntakeToken: async (intakeTokenHash) => (await r.municipality.findUnique({ where: { intakeTokenHash }, select: { slug: true } }))?.slug ?? null,
  };
}
