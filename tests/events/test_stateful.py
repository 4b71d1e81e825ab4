"""A stateful test: appends in random batches, checkpoints and verification,
with inclusion and consistency proofs checked against every earlier checkpoint."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sabt.case import Case
from sabt.events.verify import verify
from sabt.ledger import verify_consistency, verify_inclusion


class LogMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.case = Case.init(Path(self.tmp.name) / "d", origin="test.invalid/state", case="t")
        self.leaves = [self.case.latest(1)[0].leaf_hash]
        self.seen: list[tuple[int, bytes]] = [(1, self.case.journal.checkpoint().root)]

    @rule(n=st.integers(1, 300))
    def append(self, n: int) -> None:
        stored = self.case.append_many(
            [("note.added", {"text": f"{len(self.leaves)}+{k}"}) for k in range(n)]
        )
        self.leaves += [s.leaf_hash for s in stored]
        cp = self.case.journal.checkpoint()
        assert cp.size == len(self.leaves)
        self.seen.append((cp.size, cp.root))

    @precondition(lambda self: len(self.leaves) > 1)
    @rule(data=st.data())
    def prove_inclusion(self, data: st.DataObject) -> None:
        size, root = data.draw(st.sampled_from(self.seen))
        index = data.draw(st.integers(0, size - 1))
        proof = self.case.journal.tiles.inclusion_proof(index, size)
        verify_inclusion(self.leaves[index], index, size, proof, root)

    @rule(data=st.data())
    def prove_consistency(self, data: st.DataObject) -> None:
        (m, r1), (n, r2) = sorted(
            [data.draw(st.sampled_from(self.seen)), data.draw(st.sampled_from(self.seen))]
        )
        verify_consistency(m, n, self.case.journal.tiles.consistency_proof(m, n), r1, r2)

    @rule()
    def reopen(self) -> None:
        path = self.case.dir.root
        self.case.close()
        self.case = Case.open(path)

    @invariant()
    def verifies(self) -> None:
        assert verify(self.case.journal).size == len(self.leaves)

    def teardown(self) -> None:
        self.case.close()
        self.tmp.cleanup()


LogMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=8, deadline=None)
TestLog = LogMachine.TestCase
