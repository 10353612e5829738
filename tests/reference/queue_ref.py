# Reference values for test_queue.c, computed with mpmath (50 digits),
# independently: Erlang C from the direct sum, response CDF by numeric
# integration of the convolution, quantiles by findroot.
import mpmath as mp
mp.mp.dps = 50

def erlang_c(A, c):
    A = mp.mpf(A)
    s = mp.fsum(A**k / mp.factorial(k) for k in range(c))
    top = A**c / mp.factorial(c) * c / (c - A)
    return top / (s + top)

def resp_cdf(lam, S, c, t):
    lam = mp.mpf(lam); mu = 1 / mp.mpf(S)
    C = erlang_c(lam / mu, c)
    th = c * mu - lam
    conv = mp.quad(lambda x: th * mp.e**(-th * x) * (1 - mp.e**(-mu * (t - x))), [0, t])
    return (1 - C) * (1 - mp.e**(-mu * t)) + C * conv

def resp_q(lam, S, c, p):
    p = mp.mpf(p)
    lo, hi = mp.mpf(0), mp.mpf(1)
    while resp_cdf(lam, S, c, hi) < p: hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if resp_cdf(lam, S, c, mid) < p: lo = mid
        else: hi = mid
    return (lo + hi) / 2

# theta == mu: c=2, mu=1, lambda=1
for p in ['0.5', '0.95', '0.99']:
    print('theta=mu p', p, mp.nstr(resp_q(1, 1, 2, p), 17))
print('theta=mu cdf(2)', mp.nstr(resp_cdf(1, 1, 2, 2), 17))
# a general case c=3, lambda 2.5, S 1
for p in ['0.5', '0.95', '0.99']:
    print('c3 p', p, mp.nstr(resp_q(2.5, 1, 3, p), 17))
print('c3 cdf(1.5)', mp.nstr(resp_cdf(2.5, 1, 3, 1.5), 17))
# call centre
lam = mp.mpf(100) / 1800; S = 180
for c in range(11, 16):
    C = erlang_c(10, c)
    th = c / mp.mpf(S) - lam
    sl = 1 - C * mp.e**(-th * 20)
    print('cc', c, mp.nstr(C, 8), mp.nstr(sl, 8), mp.nstr(10 / mp.mpf(c), 5))
# min servers for response p95 target, A=10
for target in [600, 560, 545, 540]:
    for c in range(11, 40):
        if resp_q(lam, S, c, '0.95') <= target:
            print('min_servers target', target, c, mp.nstr(resp_q(lam, S, c, '0.95'), 12), mp.nstr(resp_q(lam, S, c-1, '0.95'), 12)); break
print('s95', mp.nstr(-mp.log(mp.mpf('0.05')) * 180, 12))
# Octave qsmmm
for c in (2, 4):
    C = erlang_c(mp.mpf(9) / 5, c)
    rho = mp.mpf(9) / 5 / c
    Lq = C * rho / (1 - rho)
    print('qsmmm', c, mp.nstr(Lq, 8), mp.nstr(Lq / 9 + mp.mpf(1) / 5, 8))
def erlang_b(A, c):
    A = mp.mpf(A)
    terms = [A**k / mp.factorial(k) for k in range(c + 1)]
    return terms[-1] / mp.fsum(terms)
print('B(10,14)', mp.nstr(erlang_b(10, 14), 17))
print('B(2,3)', mp.nstr(erlang_b(2, 3), 17))
def erlang_b_log(A, c):
    A = mp.mpf(A)
    # ratio of Poisson pmf to cdf, via mpmath's incomplete gamma
    lt = c * mp.log(A) - A - mp.loggamma(c + 1)
    cdf = mp.gammainc(c + 1, A, mp.inf, regularized=True)
    return mp.e**lt / cdf
print('B(10000,10100)', mp.nstr(erlang_b_log(10000, 10100), 17))
print('C(10000,10100)', mp.nstr((lambda B, r: B / (1 - r * (1 - B)))(erlang_b_log(10000, 10100), mp.mpf(10000) / 10100), 17))
print('c3 cdf(1e-4)', mp.nstr(resp_cdf(2.5, 1, 3, mp.mpf('1e-4')), 17))
print('c3 q(1e-6)', mp.nstr(resp_q(2.5, 1, 3, '1e-6'), 17))
print('theta=mu cdf(1e-3)', mp.nstr(resp_cdf(1, 1, 2, mp.mpf('1e-3')), 17), mp.nstr(1 - mp.e**(-mp.mpf('1e-3'))*(1+mp.mpf('1e-3')/3), 17))
