# G/G/c approximate-distribution reference (independent of queue_general.c):
# Wq = Wq(M/M/c) (Ca2 + Cs2)/2; P(wait > t) = C exp(-t/theta), theta = Wq/C;
# service ~ gamma(1/Cs2, S Cs2). Response CDF by mpmath quadrature of
# P(wait <= t - s) against the gamma density, quantiles by bisection.
import mpmath as mp
mp.mp.dps = 30
def erlang_c(a, c):
    b = mp.mpf(1)
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    rho = a / c
    return b / (1 - rho * (1 - b))
def case(lam, S, c, ca2, cs2):
    lam, S, ca2, cs2 = map(mp.mpf, (lam, S, ca2, cs2))
    a = lam * S; C = erlang_c(a, c)
    wq_mmc = C / (c / S - lam)
    wq = wq_mmc * (ca2 + cs2) / 2
    theta = wq / C
    k = 1 / cs2; sig = S * cs2
    dens = lambda s: s ** (k - 1) * mp.exp(-s / sig) / (mp.gamma(k) * sig ** k)
    wcdf = lambda u: 1 - C * mp.exp(-u / theta)
    def cdf(t):
        # split at 0 singularity handled by tanh-sinh
        return mp.quad(lambda s: dens(s) * wcdf(t - s), [0, min(t, S), t] if t > S else [0, t])
    return C, wq, theta, cdf
def bisect(f, p, lo, hi):
    for _ in range(70):
        mid = (lo + hi) / 2
        if f(mid) < p: lo = mid
        else: hi = mid
    return (lo + hi) / 2
if __name__ == "__main__":
    for args in [(2.5, 1.0, 3, 1.5, 0.25), (2.5, 1.0, 3, 1.5, 4.0), (0.75, 1.0, 1, 0.5, 2.0)]:
        C, wq, theta, cdf = case(*args)
        print(args, 'C', mp.nstr(C, 17), 'Wq', mp.nstr(wq, 17), 'theta', mp.nstr(theta, 17))
        for p in [0.5, 0.95, 0.99]:
            print('  p', p, mp.nstr(bisect(cdf, p, mp.mpf(0), mp.mpf(200)), 17))
        print('  cdf(3)', mp.nstr(cdf(mp.mpf(3)), 17))
