namespace EvoPo.Simulation.Evaluation;

/// <summary>Returns of K policies over E common episodes: EpisodeReturns[k][e], EpisodeLengths[k][e].</summary>
public sealed record EvaluationResult(double[] MeanReturns, double[][] EpisodeReturns, int[][] EpisodeLengths);
