// Caps on what one user can accumulate, so that no single user makes its grain, its ranking inputs
// (copied into every followed topic's memory) or its rows grow without bound.
namespace Recommender.Abstractions.Users;

public static class UserLimits
{
    /// <summary>Topics one user may follow at once.</summary>
    public const int MaxFollows = 100;

    /// <summary>Papers one user may hide ("not interested"); each is kept in the inputs every followed topic holds.</summary>
    public const int MaxHiddenPapers = 5_000;
}
