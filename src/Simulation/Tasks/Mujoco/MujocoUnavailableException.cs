namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>The MuJoCo library or the project's shim over it could not be loaded; the message names the package to install.</summary>
public sealed class MujocoUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
