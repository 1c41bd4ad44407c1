/**
 * Exactly the given ids, as one pattern for one Bolt listener: Bolt runs every listener's middleware for
 * every request, so one listener per id would run about twenty listeners' middleware for each click.
 */
export const anyOf = (ids: readonly string[]): RegExp => new RegExp(`^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);
