namespace Recommender.Abstractions.Users;

[GenerateSerializer, Alias("recommender.FeedbackKind")]
public enum FeedbackKind
{
    Click = 0,
    Upvote = 1,
    Save = 2,
    Hide = 3,
}
