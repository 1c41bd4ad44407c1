import { describe, expect, it } from "vitest";
import { decideAtClose, decideIfClear, tally, type VoteChoice } from "../../src/domain/review";

const members = ["chair", "m1", "m2", "m3", "m4"];
const votes = (...vs: Array<[string, VoteChoice]>) => vs.map(([memberId, choice]) => ({ memberId, choice }));

describe("review board: quorum, majority and recusal", () => {
  it("does not decide before the quorum has voted", () => {
    expect(decideIfClear(tally(members, votes(["chair", "approve"], ["m1", "approve"])), 3)).toBeNull();
  });
  it("decides once the leader cannot be overtaken by the members yet to vote", () => {
    expect(decideIfClear(tally(members, votes(["chair", "approve"], ["m1", "approve"], ["m2", "approve"])), 3)).toBe("approved");
    // 2:1 with two outstanding could still turn
    expect(decideIfClear(tally(members, votes(["chair", "approve"], ["m1", "approve"], ["m2", "reject"])), 3)).toBeNull();
    expect(decideIfClear(tally(members, votes(["m1", "changes"], ["m2", "changes"], ["m3", "changes"])), 3)).toBe("changes_requested");
  });
  it("a recused member does not count toward quorum, nor as outstanding", () => {
    const t = tally(members, votes(["m3", "recuse"], ["m4", "recuse"], ["chair", "approve"], ["m1", "approve"]));
    expect(t).toMatchObject({ cast: 2, recused: 2, eligible: 3, outstanding: 1 });
    expect(decideIfClear(t, 3)).toBeNull();
    expect(decideIfClear(tally(members, votes(["m3", "recuse"], ["m4", "recuse"], ["chair", "approve"], ["m1", "approve"], ["m2", "reject"])), 3)).toBe("approved");
  });
  it("ignores votes of people no longer on the board", () => {
    expect(tally(members, votes(["former", "approve"])).cast).toBe(0);
  });
  it("at close: plurality with quorum, else no decision; a tie is no decision", () => {
    expect(decideAtClose(tally(members, votes(["chair", "approve"], ["m1", "approve"], ["m2", "reject"])), 3)).toBe("approved");
    expect(decideAtClose(tally(members, votes(["chair", "approve"])), 3)).toBe("no_decision");
    expect(decideAtClose(tally(members, votes(["chair", "approve"], ["m1", "reject"], ["m2", "changes"], ["m3", "approve"], ["m4", "reject"])), 3)).toBe("no_decision");
  });
});
