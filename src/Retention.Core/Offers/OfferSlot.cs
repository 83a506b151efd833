namespace Retention.Offers;

/// <summary>What a decision reads about one offer, in one place (decision 0009): its channel, compiled rule, limits and
/// economics.</summary>
internal readonly struct OfferSlot
{
    internal readonly int Channel;
    internal readonly int ChannelBit;
    internal readonly int CodeStart;
    internal readonly int CodeLength;
    internal readonly byte Shape;
    internal readonly int Budget;
    internal readonly int Limit;
    internal readonly long CooldownTicks;
    internal readonly int Group;
    internal readonly int Priority;
    internal readonly double ValuePerResponse;
    internal readonly double ContactCost;
    internal readonly decimal Cost;

    internal OfferSlot(int channel, int codeStart, int codeLength, byte shape, int budget, int limit, long cooldownTicks, int group, int priority, double valuePerResponse, double contactCost, decimal cost)
    {
        Channel = channel;
        ChannelBit = 1 << channel;
        CodeStart = codeStart;
        CodeLength = codeLength;
        Shape = shape;
        Budget = budget;
        Limit = limit;
        CooldownTicks = cooldownTicks;
        Group = group;
        Priority = priority;
        ValuePerResponse = valuePerResponse;
        ContactCost = contactCost;
        Cost = cost;
    }
}
