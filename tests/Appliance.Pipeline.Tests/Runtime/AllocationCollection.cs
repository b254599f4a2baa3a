namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Tests that measure process-wide allocation run alone, so no other test's allocations land in their window.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}
