namespace Appliance.Providers.Tests.Brain.Harness;

/// <summary>The fake brain's answer.</summary>
internal readonly record struct FakeBrainReply(int Status, string Body)
{
    public static FakeBrainReply Ok(string body) => new(200, body);
}
