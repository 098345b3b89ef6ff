package io.dramatiq.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.actor.MethodActorFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding of JSON arguments to actor method parameters
 * ({@link MethodActorFunction#call}), done for every message a worker runs, and encoding
 * of Java arguments to JSON values ({@link ArgumentEncoder#encodeArgs}), done for every
 * message sent from a typed actor, and the check of those arguments against a local
 * actor's parameters ({@link MethodActorFunction#checkArguments}), done on every send.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main ArgumentBindingBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ArgumentBindingBenchmark {

	/** A record argument, as an application's actor takes one. */
	public record Order(long id, String customer, List<String> items, double total) {
	}

	/** The actors whose arguments are bound. */
	public static class Actors {

		public long add(int a, int b) {
			return a + b;
		}

		public String place(Order order, boolean express) {
			return order.customer();
		}

	}

	private MethodActorFunction add;

	private MethodActorFunction place;

	private ArgumentEncoder encoder;

	private List<Object> addArgs;

	private List<Object> placeArgs;

	private Map<String, Object> placeKwargs;

	private Order order;

	private List<Object> givenPlaceArgs;

	@Setup
	public void setUp() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		Actors actors = new Actors();
		this.add = new MethodActorFunction(actors, Actors.class.getMethod("add", int.class, int.class), mapper);
		this.place = new MethodActorFunction(actors, Actors.class.getMethod("place", Order.class, boolean.class),
				mapper);
		this.encoder = new ArgumentEncoder(mapper);
		this.order = new Order(42, "Jane Doe", List.of("book", "pen"), 12.5);
		this.addArgs = List.of(1, 2);
		Map<String, Object> order = new LinkedHashMap<>();
		order.put("id", 42);
		order.put("customer", "Jane Doe");
		order.put("items", List.of("book", "pen"));
		order.put("total", 12.5);
		this.placeArgs = List.of(order);
		this.givenPlaceArgs = List.of(this.order);
		this.placeKwargs = Map.of("express", true);
	}

	@Benchmark
	public Object callPrimitives() throws Exception {
		return this.add.call(this.addArgs, Map.of());
	}

	@Benchmark
	public Object callRecordAndKeyword() throws Exception {
		return this.place.call(this.placeArgs, this.placeKwargs);
	}

	/** The send-time check of {@code add(1, 2)}: plain values pass at once. */
	@Benchmark
	public List<Object> checkPrimitives() {
		this.add.checkArguments(this.addArgs, Map.of(), this.addArgs, Map.of());
		return this.addArgs;
	}

	/** The send-time check of {@code place(order, express=true)} given an Order. */
	@Benchmark
	public List<Object> checkRecord() {
		this.place.checkArguments(this.placeArgs, this.placeKwargs, this.givenPlaceArgs, this.placeKwargs);
		return this.placeArgs;
	}

	/**
	 * The send-time check of {@code place(...)} given a map for the Order, which has to
	 * be converted to know whether it binds.
	 */
	@Benchmark
	public List<Object> checkRecordFromMap() {
		this.place.checkArguments(this.placeArgs, this.placeKwargs, this.placeArgs, this.placeKwargs);
		return this.placeArgs;
	}

	@Benchmark
	public List<Object> encodePrimitives() {
		return this.encoder.encodeArgs(1, 2);
	}

	@Benchmark
	public List<Object> encodeRecord() {
		return this.encoder.encodeArgs(this.order, true);
	}

}
