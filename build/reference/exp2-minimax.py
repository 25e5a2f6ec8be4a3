#!/usr/bin/env python3
"""Coefficients of FloatExp's 2^f polynomial for f in [0, 1) (E1..E5 in FloatExp.cs).

p(f) = 1 + E1 f + E2 f^2 + E3 f^3 + E4 f^4 + E5 f^5, with p(0) = 1 exactly (so tanh(0) = 0 and exp(0) = 1), fitted by
Remez exchange to the smallest maximum relative error |p(f) / 2^f - 1| on [0, 1]. Needs python3 and mpmath only:

    python3 build/reference/exp2-minimax.py

prints the maximum error (8.2e-8) and the coefficients rounded to float.
"""
import struct
import mpmath as mp

mp.mp.dps = 40
DEGREE = 5


def relative_error(c, f):
    return (1 + sum(ck * f ** (k + 1) for k, ck in enumerate(c))) / mp.power(2, f) - 1


# Reference points: Chebyshev nodes on (0, 1] (f = 0 is exact by construction), then the error's extremes.
reference = [(1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / (DEGREE + 1))) / 2 for i in range(DEGREE + 1)]
reference[-1] = mp.mpf(1)
grid = [mp.mpf(j) / 4000 for j in range(1, 4001)]
for _ in range(30):
    # Solve 1 + sum c_k f_i^k - 2^f_i = (-1)^i E 2^f_i for c_1..c_N and E.
    a = mp.matrix(DEGREE + 1, DEGREE + 1)
    b = mp.matrix(DEGREE + 1, 1)
    for i, f in enumerate(reference):
        for k in range(DEGREE):
            a[i, k] = f ** (k + 1)
        a[i, DEGREE] = -(-1) ** i * mp.power(2, f)
        b[i] = mp.power(2, f) - 1
    solution = mp.lu_solve(a, b)
    c = [solution[k] for k in range(DEGREE)]
    values = [relative_error(c, f) for f in grid]
    extremes = [grid[j] for j in range(len(grid))
                if (j == 0 or abs(values[j]) >= abs(values[j - 1])) and (j + 1 == len(grid) or abs(values[j]) >= abs(values[j + 1]))]
    if len(extremes) >= DEGREE + 1:
        reference = extremes[:DEGREE + 1]

print(f"max relative error {mp.nstr(max(abs(v) for v in values), 3)}")
for k, ck in enumerate(c):
    as_float = struct.unpack('f', struct.pack('f', float(ck)))[0]
    print(f"E{k + 1} = {as_float:.9g}f")
