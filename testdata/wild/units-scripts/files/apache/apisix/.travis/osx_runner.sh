#!/usr/bin/env bash

### BEGIN ###
# Author: idevz
# Since: 08:52:47 2019/07/08
# Description:       travis_runner_osx.sh
# travis_runner_osx  ./travis_runner_osx.sh
#
# Environment variables that control this script:
#
### END ###

set -ex

export_or_prefix() {
    export OPENRESTY_PREFIX=$(brew --prefix openresty/brew/openresty-debug)
}

before_install() {
    HOMEBREW_NO_AUTO_UPDATE=1 brew install perl cpanminus etcd luarocks openresty/brew/openresty-debug 
    brew upgrade go
    sudo cpanm --notest Test::Nginx >build.log 2>&1 || (cat build.log && exit 1)
    export_or_prefix
    luarocks install --lua-dir=${OPENRESTY_PREFIX}/luajit luacov-coveralls --local --tree=deps
}

do_install() {
    export_or_prefix

    make dev
    make dev_r3

    git clone https://github.com/openresty/test-nginx.git test-nginx
    git clone https://github.com/nic-chen/grpc_server_example.git grpc_server_example
}

script() {
    export_or_prefix
    export PATH=$OPENRESTY_PREFIX/nginx/sbin:$OPENRESTY_PREFIX/luajit/bin:$OPENRESTY_PREFIX/bin:$PATH

    luarocks install luacheck
    brew services start etcd

    go run ./grpc_server_example/main.go &

    make help
    make init
    sudo make run
    mkdir -p logs
    sleep 1
    sudo make stop

    sudo cpanm Test::Nginx

    sleep 1
    make check || exit 1

    ln -sf $PWD/deps/lib $PWD/deps/lib64
    sudo mkdir -p /usr/local/var/log/nginx/
    sudo touch /usr/local/var/log/nginx/error.log
    sudo chmod 777 /usr/local/var/log/nginx/error.log
    APISIX_ENABLE_LUACOV=1 prove -Itest-nginx/lib -I./ -r t
}

after_success() {
    $PWD/deps/bin/luacov-coveralls
}

case_opt=$1
shift

case ${case_opt} in
before_install)
    before_install "$@"
    ;;
do_install)
    do_install "$@"
    ;;
script)
    script "$@"
    ;;
after_success)
    after_success "$@"
    ;;
esac
