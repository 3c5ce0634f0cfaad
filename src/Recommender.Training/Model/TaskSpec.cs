namespace Recommender.Training.Model;

/// <summary>How a task's label is modelled.</summary>
public enum TaskKind
{
    /// <summary>0/1 label; sigmoid output, logistic loss.</summary>
    Binary,

    /// <summary>Real label; linear output, squared error.</summary>
    Real,
}

/// <summary>One prediction head.</summary>
/// <param name="Name">Label column name, e.g. "click".</param>
/// <param name="Kind">Binary or real-valued.</param>
/// <param name="LossWeight">Weight of this task's loss in the training objective.</param>
/// <param name="CombineWeight">Weight of this task's output in the combined ranking score (negative for e.g. "hide").</param>
public sealed record TaskSpec(string Name, TaskKind Kind, float LossWeight = 1f, float CombineWeight = 1f)
{
    /// <summary>Default combination weight: negative heads (hide, dislike, …) push a pair down.</summary>
    public static float DefaultCombineWeight(string name)
    {
        var n = name.ToLowerInvariant();
        return n.Contains("hide") || n.Contains("negative") || n.Contains("dislike") ? -1f : 1f;
    }
}
