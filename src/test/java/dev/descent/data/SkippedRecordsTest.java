package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The skip tally: an exact count, and the first few records in input order whatever the merge order. */
class SkippedRecordsTest {
  private static SkippedRecords partition(int p, long... offsets) {
    SkippedRecords s = new SkippedRecords();
    for (long o : offsets) {
      s.add(new SkippedRecords.Example(p, o, Location.inFile("f", o), "bad " + p + "/" + o));
    }
    return s;
  }

  private static List<String> problems(SkippedRecords s) {
    return s.examples().stream().map(SkippedRecords.Example::problem).toList();
  }

  @Test
  void aPartitionKeepsItsFirstFiveAndCountsAll() {
    SkippedRecords s = partition(0, 10, 20, 30, 40, 50, 60, 70);
    assertEquals(7, s.count());
    assertEquals(List.of("bad 0/10", "bad 0/20", "bad 0/30", "bad 0/40", "bad 0/50"),
        problems(s));
  }

  @Test
  void mergesKeepTheFirstInInputOrderWhateverTheOrderOfMerging() {
    SkippedRecords p0 = partition(0, 900);
    SkippedRecords p1 = partition(1, 5, 6, 7);
    SkippedRecords p2 = partition(2, 1, 2, 3, 4, 5, 6);
    List<String> expected = List.of("bad 0/900", "bad 1/5", "bad 1/6", "bad 1/7", "bad 2/1");

    SkippedRecords forward = p0.merge(p1).merge(p2);
    SkippedRecords backward = p2.merge(p1.merge(p0));
    SkippedRecords mixed = p1.merge(new SkippedRecords()).merge(p2.merge(p0));

    for (SkippedRecords m : List.of(forward, backward, mixed)) {
      assertEquals(10, m.count());
      assertEquals(expected, problems(m));
    }
    assertEquals(3, p1.count(), "merging leaves its operands as they were");
  }
}
