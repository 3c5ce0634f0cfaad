namespace Recommender.Ranking.Scoring;

/// <summary>A model file that cannot be served: unreadable, corrupt, or not matching the feature schema.</summary>
public sealed class InvalidModelException(string message, Exception? inner = null) : Exception(message, inner);
