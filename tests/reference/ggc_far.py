from ggc_exact import exact
from ggc_ref import bisect
import mpmath as mp
mp.mp.dps = 60
cdf = exact(0.99, 1.0, 1, 1.0, 0.01)
print('surv(1000)', mp.nstr(1 - cdf(mp.mpf(1000)), 17))
for p in ['0.999999999', '0.999999']:
    print(p, mp.nstr(bisect(cdf, mp.mpf(p), mp.mpf(0), mp.mpf(5000)), 17))
