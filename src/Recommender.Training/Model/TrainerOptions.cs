namespace Recommender.Training.Model;

public enum Architecture
{
    /// <summary>One shared ReLU layer feeding a tower per task.</summary>
    SharedBottom,

    /// <summary>Multi-gate mixture of experts (Ma et al., KDD 2018).</summary>
    Mmoe,
}

/// <summary>Hyper-parameters of <see cref="MultiTaskTrainer"/>.</summary>
public sealed record TrainerOptions
{
    public Architecture Architecture { get; init; } = Architecture.Mmoe;

    /// <summary>Number of experts (MMoE only; shared-bottom has exactly one).</summary>
    public int Experts { get; init; } = 4;

    /// <summary>Units of each expert / of the shared bottom.</summary>
    public int ExpertUnits { get; init; } = 16;

    public int TowerUnits { get; init; } = 8;
    public int Epochs { get; init; } = 30;
    public float LearningRate { get; init; } = 0.003f;
    public int BatchSize { get; init; } = 128;
    public int Seed { get; init; } = 1;

    /// <summary>Fraction of rows held out for early stopping.</summary>
    public float ValidationFraction { get; init; } = 0.1f;

    /// <summary>Epochs without validation improvement before stopping.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Optional progress sink (one line per epoch).</summary>
    public Action<string>? Log { get; init; }
}
