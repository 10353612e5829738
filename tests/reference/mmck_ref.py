# Independent M/M/c/K reference with mpmath: state probabilities from the
# balance equations, response CDF by numerically integrating the mixture of
# Erlang waits convolved with Exp(mu) service.
import mpmath as mp
mp.mp.dps = 40

def states(lam, mu, c, K):
    w = []
    for n in range(K + 1):
        if n <= c:
            w.append(mp.mpf(lam / mu) ** n / mp.factorial(n))
        else:
            w.append(w[c] * (mp.mpf(lam) / (c * mu)) ** (n - c))
    s = mp.fsum(w)
    return [x / s for x in w]

def solve(lam, mu, c, K):
    p = states(lam, mu, c, K)
    pK = p[K]
    leff = lam * (1 - pK)
    L = mp.fsum(n * p[n] for n in range(K + 1))
    Lq = mp.fsum((n - c) * p[n] for n in range(c + 1, K + 1))
    return dict(p0=p[0], pK=pK, L=L, Lq=Lq, W=L / leff, Wq=Lq / leff,
                leff=leff, p=p)

def wait_cdf(lam, mu, c, K, t):
    s = solve(lam, mu, c, K); p = s['p']; adm = 1 - s['pK']
    tot = mp.fsum(p[n] for n in range(c)) / adm
    for n in range(c, K):
        tot += p[n] / adm * mp.gammainc(n - c + 1, 0, c * mu * t, regularized=True)
    return tot

def resp_cdf(lam, mu, c, K, t):
    f = lambda s: mu * mp.exp(-mu * s) * wait_cdf(lam, mu, c, K, t - s)
    return mp.quad(f, [0, t])

def quantile(fn, p, lo, hi):
    return mp.findroot(lambda t: fn(t) - p, (lo, hi), solver='anderson')

if __name__ == '__main__':
    s = solve(40, 30, 3, 7)
    print('octave p0', s['p0'], 'W', s['W'], 'pK', s['pK'])
