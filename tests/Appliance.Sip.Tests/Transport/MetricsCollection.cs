namespace Appliance.Sip.Tests.Transport;

/// <summary>Serializes test classes that observe or must not be observed by a MeterListener on the "Appliance.Sip" meter.</summary>
[CollectionDefinition(Name)]
public sealed class MetricsCollection
{
    public const string Name = "Appliance.Sip metrics";
}
