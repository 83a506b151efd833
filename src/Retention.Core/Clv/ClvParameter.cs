namespace Retention.Clv;

/// <summary>One fitted parameter of a CLV model: its name in the literature, its estimate and its standard error.</summary>
/// <param name="Name">The parameter's name as the literature and the <c>lifetimes</c> package spell it, for example
/// <c>r</c>, <c>alpha</c>, <c>a</c>, <c>b</c>.</param>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">The asymptotic standard error from the inverse of the observed information (the Hessian of
/// the objective at the estimate, by the delta method from the log scale); NaN when the Hessian is not positive
/// definite.</param>
/// <remarks>An unvalidated data carrier: equality compares all three members. Thread safety: immutable.</remarks>
public readonly record struct ClvParameter(string Name, double Value, double StandardError);
