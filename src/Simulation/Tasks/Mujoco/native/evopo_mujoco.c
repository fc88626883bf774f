/*
 * Thin shim over the MuJoCo 2.2.2 C API for EvoPo's batched environments (docs/tasks.md, "MuJoCo tasks").
 * One model, N mjData. evopo_mj_step advances a range [begin, end) of environments by frame_skip physics
 * steps each and copies their qpos/qvel into caller buffers; rewards, observations and termination are
 * computed in C# from those copies. Environments are independent, so callers may step disjoint ranges from
 * different threads at once. Built by src/Simulation/EvoPo.Simulation.csproj with cc.
 */
#include <mujoco/mujoco.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  mjModel* m;
  int n;
  mjData** d;
} evopo_batch;

/* MuJoCo prints warnings (e.g. an unstable simulation it resets) and appends them to MUJOCO_LOG.TXT in the
   working directory; the environments report state through qpos/qvel instead. */
static void evopo_quiet_warning(const char* msg) { (void)msg; }

int evopo_mj_version(void) { return mj_version(); }

evopo_batch* evopo_mj_create(const char* xml_path, int n, char* error, int error_length) {
  mju_user_warning = evopo_quiet_warning;
  mjModel* m = mj_loadXML(xml_path, NULL, error, error_length);
  if (!m) return NULL;
  evopo_batch* b = (evopo_batch*)calloc(1, sizeof(evopo_batch));
  b->m = m;
  b->n = n;
  b->d = (mjData**)calloc((size_t)n, sizeof(mjData*));
  for (int i = 0; i < n; i++) b->d[i] = mj_makeData(m);
  return b;
}

void evopo_mj_destroy(evopo_batch* b) {
  if (!b) return;
  for (int i = 0; i < b->n; i++) mj_deleteData(b->d[i]);
  free(b->d);
  mj_deleteModel(b->m);
  free(b);
}

/* out: nq, nv, nu; timestep into *timestep; the model's qpos0 into qpos0 (length nq, may be NULL). */
void evopo_mj_dims(const evopo_batch* b, int* out, double* timestep, double* qpos0) {
  out[0] = b->m->nq;
  out[1] = b->m->nv;
  out[2] = b->m->nu;
  *timestep = b->m->opt.timestep;
  if (qpos0) memcpy(qpos0, b->m->qpos0, sizeof(double) * (size_t)b->m->nq);
}

/* Resets environment i to (qpos, qvel) with zero controls and computes derived quantities. */
void evopo_mj_set_state(evopo_batch* b, int i, const double* qpos, const double* qvel) {
  mjData* d = b->d[i];
  mj_resetData(b->m, d);
  memcpy(d->qpos, qpos, sizeof(double) * (size_t)b->m->nq);
  memcpy(d->qvel, qvel, sizeof(double) * (size_t)b->m->nv);
  mj_forward(b->m, d);
}

/* Steps environments begin..end-1 whose active flag is set: ctrl row i ([n, nu]) held for frame_skip
   mj_step calls, then qpos row i ([n, nq]) and qvel row i ([n, nv]) are written. */
void evopo_mj_step(evopo_batch* b, int begin, int end, const double* ctrl, const unsigned char* active,
                   int frame_skip, double* qpos, double* qvel) {
  const mjModel* m = b->m;
  const int nq = m->nq, nv = m->nv, nu = m->nu;
  for (int i = begin; i < end; i++) {
    if (!active[i]) continue;
    mjData* d = b->d[i];
    memcpy(d->ctrl, ctrl + (size_t)i * nu, sizeof(double) * (size_t)nu);
    for (int k = 0; k < frame_skip; k++) mj_step(m, d);
    memcpy(qpos + (size_t)i * nq, d->qpos, sizeof(double) * (size_t)nq);
    memcpy(qvel + (size_t)i * nv, d->qvel, sizeof(double) * (size_t)nv);
  }
}

/* The benchmark's physical limit: a plain C loop that steps environments begin..end-1 in turn, steps times, each
   with frame_skip mj_step calls and controls cycled from ctrl_seq ([seq_length, nu]). Returns wall seconds. */
double evopo_mj_bench_plain(evopo_batch* b, int begin, int end, const double* ctrl_seq, int seq_length, int steps, int frame_skip) {
  const mjModel* m = b->m;
  const int nu = m->nu;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int s = 0; s < steps; s++) {
    const double* ctrl = ctrl_seq + (size_t)(s % seq_length) * nu;
    for (int i = begin; i < end; i++) {
      mjData* d = b->d[i];
      memcpy(d->ctrl, ctrl, sizeof(double) * (size_t)nu);
      for (int k = 0; k < frame_skip; k++) mj_step(m, d);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
}
