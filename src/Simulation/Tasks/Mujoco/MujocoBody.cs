namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>Which observation and health rules a MuJoCo task uses (docs/tasks.md).</summary>
public enum MujocoBody
{
    /// <summary>Planar hopper: obs = qpos[1:] ++ clip(qvel, ±10); healthy while z &gt; 0.7, |angle| &lt; 0.2, |qpos[2:]|, |qvel| &lt; 100.</summary>
    Hopper,

    /// <summary>Quadruped: obs = qpos[2:] ++ qvel; healthy while the state is finite and 0.2 ≤ z ≤ 1.0.</summary>
    Ant,
}
