import org.boon.etcd.ClientBuilder;
import org.boon.etcd.Etcd;

class Store {
    private final Etcd etcd = ClientBuilder.builder().hosts(java.net.URI.create("http://etcd:2379")).createClient();
}
