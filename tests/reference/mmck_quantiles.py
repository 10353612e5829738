# M/M/c/K reference quantiles: bisection (80 halvings) on the mpmath CDFs
# of mmck_ref.py (response CDF by numerical convolution).
from mmck_ref import *
mp.mp.dps = 30
def bisect(f, p, lo, hi):
    for _ in range(80):
        mid = (lo + hi) / 2
        if f(mid) < p: lo = mid
        else: hi = mid
    return (lo + hi) / 2
import sys
for (lam, mu, c, K) in [(40, 30, 3, 7), (3, 1, 1, 10), (12, 2, 4, 30), (2, 1, 1, 1)]:
    s = solve(lam, mu, c, K)
    print((lam, mu, c, K), 'p0', mp.nstr(s['p0'], 17), 'pK', mp.nstr(s['pK'], 17), 'W', mp.nstr(s['W'], 17), 'Wq', mp.nstr(s['Wq'], 17), 'L', mp.nstr(s['L'], 17), 'Lq', mp.nstr(s['Lq'], 17))
    pw = 1 - wait_cdf(lam, mu, c, K, 0)
    print('  P(wait)', mp.nstr(pw, 17))
    for p in [0.5, 0.95, 0.99]:
        w = 0 if p <= 1 - pw else bisect(lambda t: wait_cdf(lam, mu, c, K, t), p, mp.mpf(0), mp.mpf(100) / mu)
        r = bisect(lambda t: resp_cdf(lam, mu, c, K, t), p, mp.mpf(0), mp.mpf(100) / mu)
        print('  p', p, 'wait', mp.nstr(w, 17), 'resp', mp.nstr(r, 17))
        sys.stdout.flush()
    print('  resp cdf at W', mp.nstr(resp_cdf(lam, mu, c, K, s['W']), 17))
