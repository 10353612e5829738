# Closed form of the G/G/c approximate response CDF (checks ggc_ref.py):
# P(R <= t) = G(t) - C e^(-t/theta) int_0^t g(s) e^(s/theta) ds, and
# int_0^t s^(k-1) e^(b s) ds = t^k / k * 1F1(k; k+1; b t).
import mpmath as mp
from ggc_ref import erlang_c, bisect
mp.mp.dps = 60
def exact(lam, S, c, ca2, cs2):
    lam, S, ca2, cs2 = map(mp.mpf, (lam, S, ca2, cs2))
    C = erlang_c(lam * S, c)
    theta = C / (c / S - lam) * (ca2 + cs2) / 2 / C
    k = 1 / cs2; sig = S * cs2; b = 1 / theta - 1 / sig
    def cdf(t):
        G = mp.gammainc(k, 0, t / sig, regularized=True)
        I = t ** k / k * mp.hyp1f1(k, k + 1, b * t) / (mp.gamma(k) * sig ** k)
        return G - C * mp.exp(-t / theta) * I
    return cdf
if __name__ == "__main__":
    for args in [(2.5, 1.0, 3, 1.5, 0.25), (2.5, 1.0, 3, 1.5, 4.0), (0.75, 1.0, 1, 0.5, 2.0)]:
        cdf = exact(*args)
        print(args, [mp.nstr(bisect(cdf, p, mp.mpf(0), mp.mpf(200)), 17) for p in (0.5, 0.95, 0.99)], mp.nstr(cdf(mp.mpf(3)), 17))
