/**
 * Teams user ids (MRIs, "29:…") by Azure AD object id. A card's `refresh.userIds` takes MRIs, while the
 * org config names people by AAD object id: each activity teaches the pair, and an unknown person is
 * asked of the connector (TeamsInfo.getMember takes an AAD object id too). Someone who cannot be named
 * makes the card fall back to one view for all, whose buttons refuse outsiders.
 */
import { type Activity, TeamsInfo, type TurnContext } from "botbuilder";

/** Teams refreshes a card automatically for at most this many listed users. */
export const REFRESH_MAX_USERS = 60;
const KEEP = 20_000;
/** a person the connector did not know is not asked again for this long */
const MISS_MS = 10 * 60_000;

export class TeamsMembers {
  private readonly byAad = new Map<string, string>();
  private readonly missed = new Map<string, number>();

  learn(activity: Activity): void {
    const aad = activity.from?.aadObjectId;
    const id = activity.from?.id;
    if (!aad || !id || !id.startsWith("29:") || this.byAad.get(aad) === id) return;
    if (this.byAad.size >= KEEP) this.byAad.delete(this.byAad.keys().next().value!);
    this.byAad.set(aad, id);
    this.missed.delete(aad);
  }

  /** The MRIs of these people, or null when there are none, too many, or one of them cannot be named. */
  async resolve(ctx: TurnContext, aads: readonly string[]): Promise<string[] | null> {
    const unique = [...new Set(aads)];
    if (unique.length === 0 || unique.length > REFRESH_MAX_USERS) return null;
    const out: string[] = [];
    for (const aad of unique) {
      let mri = this.byAad.get(aad);
      if (!mri) {
        if ((this.missed.get(aad) ?? 0) > Date.now()) return null;
        try {
          mri = (await TeamsInfo.getMember(ctx, aad))?.id;
        } catch {
          mri = undefined;
        }
        if (!mri) {
          this.missed.set(aad, Date.now() + MISS_MS);
          return null;
        }
        this.byAad.set(aad, mri);
      }
      out.push(mri);
    }
    return out;
  }
}
