# Reference behaviour for `evopo bench strategies`: pycma (sep-CMA via CMA_diagonal) and numpy transcriptions of
# evosax's Open_ES (+optax adam), PGPE (+ClipUp, EvoTorch's form) and SNES, on the same protocol as the C# bench.
import sys, math
# pycma from its repository checkout on PYTHONPATH (pure Python + numpy); numpy from Debian's python3-numpy.
import numpy as np

def sphere(x): return float(np.sum(x*x))
def rosenbrock(x): return float(np.sum(100*(x[1:]-x[:-1]**2)**2 + (1-x[:-1])**2))
def rastrigin(x): return float(10*len(x) + np.sum(x*x - 10*np.cos(2*np.pi*x)))
FUN = {'sphere': (sphere, 1.0, 0.5), 'rosenbrock': (rosenbrock, 0.0, 0.5), 'rastrigin': (rastrigin, 3.0, 2.0)}

def pop(d):
    lam = 4 + int(3*math.log(d)); return lam + lam % 2

def centered_ranks(f):  # maximize: higher fitness -> higher rank
    r = np.empty(len(f)); r[np.argsort(f, kind='stable')] = np.arange(len(f)); return r/(len(f)-1) - 0.5

def nes_utilities(f):
    n = len(f); raw = np.maximum(0, math.log(n/2+1) - np.log(np.arange(1, n+1))); raw /= raw.sum(); raw -= 1/n
    u = np.empty(n); u[np.argsort(-f, kind='stable')] = raw; return u

class OpenES:
    def __init__(s, x0, sigma0, lam, lr=0.02, decay=0.999, smin=0.001):
        s.m = x0.copy(); s.sigma = sigma0; s.lam = lam; s.lr = lr; s.decay = decay; s.smin = smin
        s.M = np.zeros_like(x0); s.V = np.zeros_like(x0); s.t = 0
    def ask(s, rng):
        s.eps = rng.standard_normal((s.lam//2, len(s.m))); z = np.concatenate([s.eps, -s.eps]); return s.m + s.sigma*z
    def tell(s, X, f):
        w = centered_ranks(f); z = np.concatenate([s.eps, -s.eps])
        g = -(w @ z) / (s.lam * s.sigma)  # loss gradient
        s.t += 1; s.M = 0.9*s.M + 0.1*g; s.V = 0.999*s.V + 0.001*g*g
        s.m = s.m - s.lr * (s.M/(1-0.9**s.t)) / (np.sqrt(s.V/(1-0.999**s.t)) + 1e-8)
        s.sigma = max(s.sigma*s.decay, s.smin)

class PGPE:
    def __init__(s, x0, sigma0, lam, lr=0.02, momentum=0.9, std_lr=0.1, max_change=0.2, smin=0.001):
        s.m = x0.copy(); s.sigma = np.full_like(x0, sigma0); s.lam = lam; s.lr = lr; s.mom = momentum; s.max_speed = 2*lr
        s.std_lr = std_lr; s.max_change = max_change; s.smin = smin; s.v = np.zeros_like(x0)
    def ask(s, rng):
        s.eps = rng.standard_normal((s.lam//2, len(s.m))) * s.sigma; return np.concatenate([s.m + s.eps, s.m - s.eps])
    def tell(s, X, f):
        w = centered_ranks(f); P = s.lam//2; fp, fm = w[:P], w[P:]
        gm = ((fp - fm)/2) @ s.eps / P
        gs = ((fp + fm)/2) @ ((s.eps**2 - s.sigma**2)/s.sigma) / P
        n = np.linalg.norm(gm); step = gm/n*s.lr if n > 0 else 0*gm
        s.v = s.mom*s.v + step; sp = np.linalg.norm(s.v)
        if sp > s.max_speed: s.v *= s.max_speed/sp
        s.m = s.m + s.v
        new = np.clip(s.sigma + s.std_lr*gs, s.sigma*(1-s.max_change), s.sigma*(1+s.max_change)); s.sigma = np.maximum(new, s.smin)

class SNES:
    def __init__(s, x0, sigma0, lam):
        d = len(x0); s.m = x0.copy(); s.sigma = np.full_like(x0, sigma0); s.lam = lam; s.eta = (3+math.log(d))/(5*math.sqrt(d))
    def ask(s, rng):
        s.z = rng.standard_normal((s.lam, len(s.m))); return s.m + s.sigma*s.z
    def tell(s, X, f):
        u = nes_utilities(f); s.m = s.m + s.sigma*(u @ s.z); s.sigma = s.sigma*np.exp(s.eta/2*(u @ (s.z**2-1)))

class PyCma:
    def __init__(s, x0, sigma0, lam, diagonal, seed):
        import cma
        opts = {'popsize': lam, 'seed': seed+1, 'verbose': -9, 'tolfun': 0, 'tolx': 0, 'tolfunhist': 0, 'tolflatfitness': 1e9,
                'tolstagnation': 1e9, 'CMA_active': False, 'CMA_diagonal': diagonal, 'maxfevals': 1e9}
        s.es = cma.CMAEvolutionStrategy(list(x0), sigma0, opts)
    def ask(s, rng): s.X = s.es.ask(); return np.array(s.X)
    def tell(s, X, f): s.es.tell(s.X, list(-f))

def run(kind, name, d, target, budget, seed):
    fn, x0v, sigma0 = FUN[name]; x0 = np.full(d, x0v); lam = pop(d); rng = np.random.default_rng(seed)
    es = {'openai-es': lambda: OpenES(x0, sigma0, lam), 'pgpe': lambda: PGPE(x0, sigma0, lam), 'snes': lambda: SNES(x0, sigma0, lam),
          'sep-cma-es': lambda: PyCma(x0, sigma0, lam, True, seed), 'cma-es': lambda: PyCma(x0, sigma0, lam, False, seed)}[kind]()
    best = math.inf; evals = 0
    while evals + lam <= budget:
        X = es.ask(rng); f = np.array([fn(x) for x in X]); es.tell(X, -f)
        for v in f:
            evals += 1; best = min(best, v)
            if best <= target: return evals, best
    return None, best

if __name__ == '__main__':
    kind, name, d, target, budget, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    res = [run(kind, name, d, target, budget, s) for s in range(seeds)]
    hits = sorted(r[0] for r in res if r[0] is not None)
    print(kind, name, d, 'target', target, 'budget', budget, 'hits', f'{len(hits)}/{seeds}', 'evals', hits,
          'median', hits[len(hits)//2] if len(hits) > seeds//2 else None, 'best', ' '.join(f'{r[1]:.3g}' for r in res), flush=True)
