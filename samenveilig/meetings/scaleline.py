"""Where the names go on the 0-10 line, so that names of close scores do not overlap. On a
right-to-left screen the line runs from 0 on the right to 10 on the left."""

LEFT, STEP, GAP, WIDTH = 40, 92, 190, 1000  # viewBox units: x of 0, distance per point, room per name


def name_of(score, spoken: bool) -> str:
    """The family's screens say "mama"; the consultant's screen says the name."""
    person = score.participant
    return person.spoken_name if spoken and not person.user_id else person.name


def x_of(score: int, mirrored: bool = False) -> int:
    x = LEFT + score * STEP
    return WIDTH - x if mirrored else x


def layout(scores, spoken: bool = False, mirrored: bool = False) -> dict:
    """{"height", "labels": [(x, y, name)], "dots": [x], "ticks": [(x, n)]} for scores sorted
    by value; `mirrored` for a right-to-left screen."""
    placed: list[tuple[int, int]] = []  # (row, x)
    labels = []
    for entry in sorted(scores, key=lambda s: (s.score, name_of(s, spoken))):
        x = x_of(entry.score, mirrored)
        row = 0
        while any(r == row and abs(x - other) < GAP for r, other in placed):
            row += 1
        placed.append((row, x))
        labels.append((x, row, name_of(entry, spoken)))
    rows = max((row for row, _ in placed), default=-1) + 1
    height = 70 + rows * 30
    return dict(height=height, dots=sorted({x for x, _, _ in labels}),
                ticks=[(x_of(n, mirrored), n) for n in range(11)],
                labels=[(x, height - 58 - row * 30, name) for x, row, name in labels])
