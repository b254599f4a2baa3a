using System.Diagnostics.Metrics;

namespace Appliance.Pipeline.Runtime;

/// <summary>The "Appliance.Pipeline" meter and its instruments; one instance serves every call.</summary>
public sealed class PipelineMetrics : IDisposable
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "Appliance.Pipeline";

    internal const string ProcessorTag = "processor";

    private readonly bool _ownsMeter;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    public PipelineMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        ProcessingTime = Meter.CreateHistogram<double>("appliance.pipeline.processing_time", "ms", "Time a processor spent on one frame.");
        Ttfb = Meter.CreateHistogram<double>("appliance.pipeline.ttfb", "ms", "Time from a processor's triggering input to its first output.");
        ResponseLatency = Meter.CreateHistogram<double>("appliance.pipeline.response_latency", "ms", "User stopped speaking to first bot audio played.");
        Turns = Meter.CreateCounter<long>("appliance.pipeline.turns", description: "User turns completed.");
        Interruptions = Meter.CreateCounter<long>("appliance.pipeline.interruptions", description: "Times the user barged in on the bot.");
        Errors = Meter.CreateCounter<long>("appliance.pipeline.errors", description: "Error frames that reached the pipeline's edge.");
        InboundDropped = Meter.CreateCounter<long>("appliance.pipeline.inbound_dropped", description: "Inbound audio frames dropped because the pipeline fell behind.");
        RecordingDropped = Meter.CreateCounter<long>("appliance.pipeline.recording.dropped", description: "Recording chunks dropped because the writer fell behind.");
        RecordingFailures = Meter.CreateCounter<long>("appliance.pipeline.recording.failures", description: "Recordings skipped or stopped (disk space, I/O errors).");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    internal Histogram<double> ProcessingTime { get; }

    internal Histogram<double> Ttfb { get; }

    internal Histogram<double> ResponseLatency { get; }

    internal Counter<long> Turns { get; }

    internal Counter<long> Interruptions { get; }

    internal Counter<long> Errors { get; }

    internal Counter<long> InboundDropped { get; }

    internal Counter<long> RecordingDropped { get; }

    internal Counter<long> RecordingFailures { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
