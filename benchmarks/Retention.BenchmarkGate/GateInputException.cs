namespace Retention.BenchmarkGate;

/// <summary>A report or budget file the gate cannot use: missing, malformed, empty. The message names file and problem.</summary>
internal sealed class GateInputException : Exception
{
    public GateInputException(string message)
        : base(message)
    {
    }

    public GateInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GateInputException()
    {
    }
}
