using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media.Resampling;

/// <summary>Keeps throw sites out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void ThrowArgument(string paramName) =>
        throw new ArgumentException("Destination or operand too short.", paramName);
}
