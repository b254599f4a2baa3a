namespace Appliance.Providers.Brain;

/// <summary>How one request to the brain went; the metric tag value is the snake_case name.</summary>
internal enum BrainRequestOutcome
{
    Ok,
    Timeout,
    ConnectionError,
    HttpError,
    BadResponse,
}
